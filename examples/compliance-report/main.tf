# A weekly compliance report from the SPS session database, entirely from
# data sources: nothing on the appliance is changed.
#
#   terraform apply -var sps_url=https://sps.example.com -var sps_username=auditor
#   terraform output -raw report_html > report.html   # one self-contained page
#   terraform output -raw hourly_chart                 # a text chart in the terminal
#
# The user needs only search rights (read access); the password comes from
# SPS_PASSWORD.

terraform {
  required_providers {
    sps = {
      source = "terraform-sps/sps"
    }
  }
}

variable "sps_url" {
  type        = string
  description = "Base URL of the SPS appliance."
}

variable "sps_username" {
  type        = string
  description = "An SPS user with search rights."
  default     = "auditor"
}

variable "report_end" {
  type        = string
  description = "Last day of the report (YYYY-MM-DD); defaults to yesterday, the last complete day."
  default     = null
}

variable "alert_sessions_query" {
  type        = string
  description = "Which sessions' alerts the report lists. SPS has no search on alerts, so the report reads the alerts of the sessions this query selects; by default those a content policy terminated."
  default     = "verdict:accept-terminated"
}

variable "alert_session_limit" {
  type        = number
  description = "At most this many of those sessions (newest first); each costs a few requests."
  default     = 10
}

variable "time_zone" {
  type        = string
  description = "Time zone the hourly histogram is aligned to."
  default     = "UTC"
}

provider "sps" {
  url      = var.sps_url
  username = var.sps_username
}

locals {
  end_day   = coalesce(var.report_end, formatdate("YYYY-MM-DD", timeadd(plantimestamp(), "-24h")))
  start_day = formatdate("YYYY-MM-DD", timeadd("${local.end_day}T00:00:00Z", "-144h"))

  # Everything that did not result in a working session.
  refused = "verdict:(deny fail auth-fail gw-auth-fail key-error user-mapping-fail)"
}

# Refused sessions of the week, per protocol.
data "sps_audit_session_stats" "refused_by_protocol" {
  field = "protocol"
  query = local.refused
  start = local.start_day
  end   = local.end_day
}

# The ten users with the most sessions, and which protocols they used.
data "sps_audit_session_stats" "top_users" {
  field     = "user.gateway_username"
  sub_field = "protocol"
  size      = 10
  start     = local.start_day
  end       = local.end_day
}

# Sessions started per hour over the last day of the report.
data "sps_audit_session_histogram" "hourly" {
  bin_size  = "hour"
  start     = local.end_day
  end       = "${local.end_day}T23:59:59"
  time_zone = var.time_zone
}

# Sessions started per day over the whole report.
data "sps_audit_session_histogram" "daily" {
  bin_size  = "day"
  start     = local.start_day
  end       = "${local.end_day}T23:59:59"
  time_zone = var.time_zone
}

# The sessions whose alerts the report lists, and their details.
data "sps_audit_sessions" "alerted" {
  query       = var.alert_sessions_query
  start       = local.start_day
  end         = local.end_day
  sort        = ["-start_time"]
  max_results = var.alert_session_limit
}

data "sps_audit_session" "alerted" {
  for_each = { for s in data.sps_audit_sessions.alerted.sessions : s.rest_id => s }
  id       = each.key
}

# The refused sessions, newest first, for the report's table: only the
# attributes the table shows are filled.
data "sps_audit_sessions" "refused" {
  query       = local.refused
  start       = local.start_day
  end         = local.end_day
  sort        = ["-start_time"]
  max_results = 2000
  fields      = ["start_time", "protocol", "verdict", "user", "client", "server"]
}

# The same sessions as CSV for the auditors (the CSV data source builds no
# typed session list).
data "sps_audit_sessions_csv" "refused" {
  query       = local.refused
  start       = local.start_day
  end         = local.end_day
  sort        = ["-start_time"]
  max_results = 2000
  columns     = ["start_time", "protocol", "verdict", "user.gateway_username", "client.ip", "server.ip"]
}

output "period" {
  value = "${local.start_day} .. ${local.end_day}"
}

output "refused_by_protocol" {
  value = { for i in data.sps_audit_session_stats.refused_by_protocol.items : i.value => i.count }
}

output "refused_total" {
  value = data.sps_audit_sessions_csv.refused.match_count
}

output "top_users" {
  value = {
    for i in data.sps_audit_session_stats.top_users.items :
    i.value => { sessions = i.count, protocols = { for b in i.buckets : b.value => b.count } }
  }
}

output "refused_chart" {
  value = provider::sps::bar_chart(
    [for i in data.sps_audit_session_stats.refused_by_protocol.items : i.count],
    [for i in data.sps_audit_session_stats.refused_by_protocol.items : i.value],
    40,
  )
}

output "hourly_chart" {
  value = provider::sps::bar_chart(
    [for b in data.sps_audit_session_histogram.hourly.buckets : b.start_count],
    [for b in data.sps_audit_session_histogram.hourly.buckets : substr(b.time, 11, 5)],
    40,
  )
}

output "refused_csv" {
  value = data.sps_audit_sessions_csv.refused.csv
}

locals {
  # One row per alert; flatten() keeps the objects, so each row stays a list.
  alert_rows = flatten([
    for id, s in data.sps_audit_session.alerted : [
      for a in s.alerts : { cells = [a.time, s.user.name, s.protocol, a.rule_name, a.matched_content] }
    ]
  ])
}

# The whole report as one HTML page: every value from SPS is escaped by the
# functions, and the page needs no network and no script.
output "report_html" {
  value = provider::sps::html_report(
    "SPS compliance report ${local.start_day} .. ${local.end_day}",
    {
      "Period"    = "${local.start_day} .. ${local.end_day} (${var.time_zone})"
      "Appliance" = var.sps_url
      "Generated" = plantimestamp()
    },
    [
      provider::sps::svg_histogram("Sessions per day", data.sps_audit_session_histogram.daily.buckets),
      provider::sps::svg_histogram("Sessions per hour on ${local.end_day}", data.sps_audit_session_histogram.hourly.buckets),
      provider::sps::svg_stats_chart("Refused sessions per protocol", data.sps_audit_session_stats.refused_by_protocol.items),
      provider::sps::svg_stats_chart("Top ${length(data.sps_audit_session_stats.top_users.items)} users and their protocols", data.sps_audit_session_stats.top_users.items),
      provider::sps::html_table(
        "Refused sessions (${data.sps_audit_sessions.refused.match_count}${data.sps_audit_sessions.refused.truncated ? ", newest ${length(data.sps_audit_sessions.refused.sessions)} shown" : ""})",
        ["Start", "Protocol", "Verdict", "Gateway user", "Client", "Server"],
        [for s in data.sps_audit_sessions.refused.sessions : [s.start_time, s.protocol, s.verdict, s.user.name, s.client.ip, s.server.ip]],
      ),
      provider::sps::html_table(
        "Alerts in the ${length(data.sps_audit_session.alerted)} newest sessions matching ${var.alert_sessions_query}",
        ["Time", "Gateway user", "Protocol", "Rule", "Matched content"],
        [for r in local.alert_rows : r.cells],
      ),
    ],
  )
}
