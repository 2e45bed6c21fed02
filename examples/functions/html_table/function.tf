# The refused sessions of a day as a table; null cells are empty.
data "sps_audit_sessions" "refused" {
  query = "verdict:(deny fail auth-fail gw-auth-fail key-error user-mapping-fail)"
  start = "2024-05-01"
  end   = "2024-05-01"
  sort  = ["-start_time"]
}

output "refused_table" {
  value = provider::sps::html_table(
    "Refused sessions",
    ["Start", "Protocol", "Verdict", "User", "Client"],
    [for s in data.sps_audit_sessions.refused.sessions : [s.start_time, s.protocol, s.verdict, s.user.name, s.client.ip]],
  )
}
