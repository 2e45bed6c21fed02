# Terraform 1.12+ / OpenTofu 1.12+: the VNC options always have the key "options".
import {
  to = sps_vnc_options.this
  identity = {
    key = "options"
  }
}
