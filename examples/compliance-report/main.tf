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

variable "alert_sessions_title" {
  type        = string
  description = "What alert_sessions_query selects, in words, for the heading of the alerts table."
  default     = "that a content policy terminated"
}

variable "alert_session_limit" {
  type        = number
  description = "At most this many of those sessions (newest first); each costs a few requests."
  default     = 10
}

variable "time_zone" {
  type        = string
  description = "Time zone of the report (an IANA name): the histograms are aligned to it and every time is shown in it."
  default     = "UTC"
}

variable "table_rows" {
  type        = number
  description = "How many of the refused sessions the report lists, newest first; every one is in the refused_csv output."
  default     = 50
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

# The newest refused sessions for the report's table (its match_count is
# all of them): only the attributes the table shows are filled.
data "sps_audit_sessions" "refused" {
  query       = local.refused
  start       = local.start_day
  end         = local.end_day
  sort        = ["-start_time"]
  max_results = var.table_rows
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
  value = "${local.start_day} to ${local.end_day}"
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
      for a in s.alerts : { cells = [provider::sps::format_time(a.time, var.time_zone), s.user.name, s.protocol, a.rule_name, a.matched_content] }
    ]
  ])
  refused_total  = data.sps_audit_sessions.refused.match_count
  refused_listed = length(data.sps_audit_sessions.refused.sessions)
}

# The whole report as one HTML page: every value from SPS is escaped by the
# functions, every time is written one way with its zone (format_time), and
# the page needs no network and no script. Printed ("Print to PDF"), it
# gives A4 pages numbered "Page n of N".
output "report_html" {
  value = provider::sps::html_report(
    "SPS compliance report, ${local.start_day} to ${local.end_day}",
    {
      "Period"    = "${local.start_day} to ${local.end_day} (${var.time_zone})"
      "Appliance" = var.sps_url
      "Generated" = provider::sps::format_time(plantimestamp(), var.time_zone)
    },
    [
      provider::sps::svg_histogram("Sessions per day", data.sps_audit_session_histogram.daily.buckets),
      provider::sps::svg_histogram("Sessions per hour on ${local.end_day}", data.sps_audit_session_histogram.hourly.buckets),
      provider::sps::svg_stats_chart("Refused sessions per protocol", "protocol", "", data.sps_audit_session_stats.refused_by_protocol.items),
      provider::sps::svg_stats_chart("Top ${length(data.sps_audit_session_stats.top_users.items)} users and their protocols", "gateway user", "protocol", data.sps_audit_session_stats.top_users.items),
      provider::sps::html_table(
        "Refused sessions: ${local.refused_total} in the period",
        ["Start (${var.time_zone})", "Protocol", "Verdict", "Gateway user", "Client", "Server"],
        [for s in data.sps_audit_sessions.refused.sessions : [provider::sps::format_time(s.start_time, var.time_zone), s.protocol, s.verdict, s.user.name, s.client.ip, s.server.ip]],
        local.refused_listed < local.refused_total ? "The newest ${local.refused_listed} of the ${local.refused_total} are listed; the refused_csv output has ${local.refused_total <= 2000 ? "all of them" : "the newest 2000"}." : "",
      ),
      provider::sps::html_table(
        "Alerts in the ${length(data.sps_audit_session.alerted)} newest sessions ${var.alert_sessions_title}",
        ["Time (${var.time_zone})", "Gateway user", "Protocol", "Rule", "Matched content"],
        [for r in local.alert_rows : r.cells],
        "SPS gives alert times without a time zone; they are shown as ${var.time_zone} times.",
      ),
    ],
  )
}
