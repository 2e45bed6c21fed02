# The newest refused sessions of a day as a table, each time in one readable
# form with its zone; a null cell shows a dash, and a note says how many of
# the day's refused sessions the table lists.
data "sps_audit_sessions" "refused" {
  query       = "verdict:(deny fail auth-fail gw-auth-fail key-error user-mapping-fail)"
  start       = "2024-05-01"
  end         = "2024-05-01"
  sort        = ["-start_time"]
  max_results = 50
}

output "refused_table" {
  value = provider::sps::html_table(
    "Refused sessions",
    ["Start (UTC)", "Protocol", "Verdict", "User", "Client"],
    [for s in data.sps_audit_sessions.refused.sessions : [provider::sps::format_time(s.start_time, "UTC"), s.protocol, s.verdict, s.user.name, s.client.ip]],
    "The newest ${length(data.sps_audit_sessions.refused.sessions)} of ${data.sps_audit_sessions.refused.match_count} are listed.",
  )
}
