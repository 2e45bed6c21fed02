# Import a policy by its SPS key (the `key` the REST API shows for it).
terraform import sps_vnc_settings_policy.legacy_servers 3848c708-2e1d-4463-b232-0c8c5875ff55

# The built-in default policy has the key -30211.
terraform import sps_vnc_settings_policy.default -30211
