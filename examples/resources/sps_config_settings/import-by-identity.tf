# Terraform 1.12+ / OpenTofu 1.12+: import by identity, the endpoint.
import {
  to = sps_config_settings.ssh
  identity = {
    path = "ssh/options"
  }
}
