# Take over the existing options (for sps_ica_options.this declared elsewhere).
import {
  to = sps_ica_options.this
  id = "options"
}
