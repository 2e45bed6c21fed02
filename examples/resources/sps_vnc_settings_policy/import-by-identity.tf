# Terraform 1.12+ / OpenTofu 1.12+: import by identity, the policy's SPS key
# (negative for the built-in policies, a UUID for created ones).
import {
  to = sps_vnc_settings_policy.default
  identity = {
    key = "-30211"
  }
}
