# Take over the existing options (for sps_http_options.this declared elsewhere).
import {
  to = sps_http_options.this
  id = "options"
}
