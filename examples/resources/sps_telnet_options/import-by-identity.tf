# Terraform 1.12+ / OpenTofu 1.12+: the Telnet options always have the key "options".
import {
  to = sps_telnet_options.this
  identity = {
    key = "options"
  }
}
