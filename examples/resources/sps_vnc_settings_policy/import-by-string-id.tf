# Adopt the built-in default policy (key -30211). With only its name in the
# configuration the plan after the import is empty, because the schema's
# defaults are the values SPS ships it with.
import {
  to = sps_vnc_settings_policy.default
  id = "-30211"
}

resource "sps_vnc_settings_policy" "default" {
  name = "default"
}
