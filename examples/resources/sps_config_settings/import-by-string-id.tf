# Adopt the SSH options with an import block; with the body of resource.tf,
# the plan shows only the declared fields that differ.
import {
  to = sps_config_settings.ssh
  id = "ssh/options"
}
