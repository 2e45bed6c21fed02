# One object by endpoint and key: the built-in time policy 7x24.
data "sps_config_object" "always" {
  path = "policies/time_policies"
  key  = "-100"
}

output "always_on_monday" {
  value = data.sps_config_object.always.output.Mon
}

# Read-only endpoints can be read too: SPS takes no changes to Telnet
# connection policies over REST, but lists and shows them.
data "sps_config_object" "telnet" {
  path = "telnet/connections"
  key  = "8348340645707e2575e3c6"
}
