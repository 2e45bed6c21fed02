# Take over the existing options (for sps_vnc_options.this declared elsewhere).
import {
  to = sps_vnc_options.this
  id = "options"
}
