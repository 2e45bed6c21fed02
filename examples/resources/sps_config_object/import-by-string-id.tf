# Adopt the built-in time policy 7x24 (key -100). Only its name is declared,
# so the plan after the import is empty and its days keep what SPS holds.
# Destroying it later leaves it on SPS (built-in objects cannot be deleted).
import {
  to = sps_config_object.always
  id = "policies/time_policies/-100"
}

resource "sps_config_object" "always" {
  path = "policies/time_policies"
  body = { name = "7x24" }
}
