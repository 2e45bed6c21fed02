# Terraform 1.12+ / OpenTofu 1.12+: import by identity, the policy's SPS key.
import {
  to = sps_time_policy.office
  identity = {
    key = "8348340645707e2575e3c6"
  }
}
