# Take over the existing options (for sps_ssh_options.this declared elsewhere).
import {
  to = sps_ssh_options.this
  id = "options"
}
