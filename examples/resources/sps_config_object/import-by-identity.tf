# Terraform 1.12+ / OpenTofu 1.12+: import by identity, the list endpoint and
# SPS's key of the object.
import {
  to = sps_config_object.always
  identity = {
    path = "policies/time_policies"
    key  = "-100"
  }
}
