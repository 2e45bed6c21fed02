# The longest session of the last day, with the commands typed in it.
data "sps_audit_sessions" "longest" {
  start       = formatdate("YYYY-MM-DD", timeadd(plantimestamp(), "-24h"))
  query       = "protocol:ssh"
  sort        = ["-duration"]
  max_results = 1
}

data "sps_audit_session" "longest" {
  # Either id form works: the logged svc/<hash>/<policy>:<n> or the REST form.
  id           = data.sps_audit_sessions.longest.sessions[0].id
  events_query = "type:command"
}

output "commands" {
  value = [for e in data.sps_audit_session.longest.events : e.action]
}

output "alerts" {
  value = [for a in data.sps_audit_session.longest.alerts : "${a.time} ${a.rule_name}: ${a.matched_content}"]
}

output "channels" {
  value = [for c in data.sps_audit_session.longest.channels : "${c.type} (${c.verdict})"]
}
