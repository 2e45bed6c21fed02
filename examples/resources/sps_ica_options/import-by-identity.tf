# Terraform 1.12+ / OpenTofu 1.12+: the ICA options always have the key "options".
import {
  to = sps_ica_options.this
  identity = {
    key = "options"
  }
}
