# The longest session of the last day, with the commands typed in it.
data "sps_audit_sessions" "longest" {
  start       = formatdate("YYYY-MM-DD", timeadd(plantimestamp(), "-24h"))
  query       = "protocol:ssh"
  sort        = ["-duration"]
  max_results = 1
}

data "sps_audit_session" "longest" {
  # Either id form works: the logged svc/<hash>/<policy>:<n>[/<protocol>]
  # or the REST form.
  id           = data.sps_audit_sessions.longest.sessions[0].id
  events_query = "type:command"
  # Where in the recording did someone use sudo?
  content_query = "sudo"
}

output "commands" {
  value = [for e in data.sps_audit_session.longest.events : e.action]
}

output "commands_complete" {
  # false when the session has more than the 10,000 events read.
  value = !data.sps_audit_session.longest.events_truncated
}

output "alerts" {
  value = [for a in data.sps_audit_session.longest.alerts : "${a.time} ${a.rule_name}: ${a.matched_content}"]
}

output "channels" {
  value = [for c in data.sps_audit_session.longest.channels : "${c.type} (${c.verdict})"]
}

output "forwarded" {
  # SSH port forwards: from where, to where.
  value = [for c in data.sps_audit_session.longest.channels :
    "${c.originator.ip}:${c.originator.port} -> ${c.connected.ip}:${c.connected.port}"
  if c.connected != null]
}

output "sudo_on_screen" {
  value = [for m in data.sps_audit_session.longest.content_matches : "${m.start_time} (screenshot ${m.record_screenshot})"]
}

output "indexing" {
  value = [for r in data.sps_audit_session.longest.indexing : "${r.status} at ${r.start_time}"]
}

output "trail" {
  value = {
    download   = data.sps_audit_session.longest.audit_trail_url
    downloaded = [for d in data.sps_audit_session.longest.trail_downloads : "${d.time} by ${d.username}${d.from_api ? " (API)" : ""}"]
  }
}
