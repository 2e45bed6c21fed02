# Session times (RFC 3339) and alert times (no zone) of one session, written
# the same way: "2026-12-06 22:02:57 UTC", or in Berlin "2026-12-06 23:02:57
# UTC+01:00".
data "sps_audit_session" "one" {
  id = "svc/5GcMfXk2RgBHAbgq4pFmWZ/ssh_prod:1"
}

output "times" {
  value = {
    started = provider::sps::format_time(data.sps_audit_session.one.start_time, "Europe/Berlin")
    alerts  = [for a in data.sps_audit_session.one.alerts : provider::sps::format_time(a.time, "Europe/Berlin")]
  }
}
