# SSH sessions of one user in the last week that SPS denied or that failed,
# newest first.
variable "user" {
  type    = string
  default = "jane.doe"
}

data "sps_audit_sessions" "failed_ssh" {
  query = "protocol:ssh AND name:${provider::sps::query_quote(var.user)} AND verdict:(deny fail auth-fail gw-auth-fail)"
  start = formatdate("YYYY-MM-DD", timeadd(plantimestamp(), "-168h"))
  sort  = ["-start_time"]

  max_results = 1000

  # Only the attributes the outputs below read: SPS sends less, the plan is faster.
  fields = ["client"]

  # Also export them as CSV, e.g. for a ticket attachment.
  csv_fields = ["start_time", "protocol", "user.gateway_username", "client.ip", "server.ip", "verdict"]
}

output "failed_ssh_count" {
  value = data.sps_audit_sessions.failed_ssh.match_count
}

output "failed_ssh_clients" {
  value = distinct([for s in data.sps_audit_sessions.failed_ssh.sessions : s.client.ip])
}

output "failed_ssh_csv" {
  value = data.sps_audit_sessions.failed_ssh.csv
}
