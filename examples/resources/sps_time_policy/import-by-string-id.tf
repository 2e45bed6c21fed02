# Take over an existing time policy by its SPS key.
import {
  to = sps_time_policy.office
  id = "8348340645707e2575e3c6"
}
