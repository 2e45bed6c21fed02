# Terraform 1.12+ / OpenTofu 1.12+: the SSH options always have the key "options".
import {
  to = sps_ssh_options.this
  identity = {
    key = "options"
  }
}
