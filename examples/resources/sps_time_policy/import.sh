# Import a time policy by its SPS key.
terraform import sps_time_policy.office 8348340645707e2575e3c6
