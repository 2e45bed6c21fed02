# A weekly compliance report from the SPS session database, entirely from
# data sources: nothing on the appliance is changed.
#
#   terraform apply -var sps_url=https://sps.example.com -var sps_username=auditor
#   terraform output -raw hourly_chart
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

# The refused sessions themselves, newest first, as CSV for the auditors
# (the CSV data source builds no typed session list the report does not read).
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
