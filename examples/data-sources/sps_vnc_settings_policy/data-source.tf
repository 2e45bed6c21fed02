# Look a policy up by name...
data "sps_vnc_settings_policy" "default" {
  name = "default"
}

# ...or by its SPS key.
data "sps_vnc_settings_policy" "by_key" {
  id = "-30211"
}

output "default_policy_idle_timeout" {
  value = data.sps_vnc_settings_policy.default.timeout
}
