# Take over the existing options (for sps_telnet_options.this declared elsewhere).
import {
  to = sps_telnet_options.this
  id = "options"
}
