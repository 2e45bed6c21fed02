# Take over the existing options (for sps_rdp_options.this declared elsewhere).
import {
  to = sps_rdp_options.this
  id = "options"
}
