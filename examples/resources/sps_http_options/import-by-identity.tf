# Terraform 1.12+ / OpenTofu 1.12+: the HTTP options always have the key "options".
import {
  to = sps_http_options.this
  identity = {
    key = "options"
  }
}
