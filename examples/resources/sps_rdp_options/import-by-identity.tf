# Terraform 1.12+ / OpenTofu 1.12+: the RDP options always have the key "options".
import {
  to = sps_rdp_options.this
  identity = {
    key = "options"
  }
}
