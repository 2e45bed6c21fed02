# Import an object by <path>/<key>: the list endpoint relative to
# /api/configuration, then SPS's key of the object.
terraform import sps_config_object.ssh_prod ssh/connections/8348340645707e2575e3c6

# The built-in time policy 7x24 has the key -100.
terraform import sps_config_object.always policies/time_policies/-100
