# The built-in 7x24 time policy, by name.
data "sps_time_policy" "always" {
  name = "7x24"
}

output "always_key" {
  value = data.sps_time_policy.always.id
}
