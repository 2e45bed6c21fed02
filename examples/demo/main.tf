# The `make demo` configuration: two VNC settings policies, the global VNC
# options, and a compliance summary read from the audit session database.
# The provider takes url, username, password and ca_cert_pem from SPS_URL,
# SPS_USERNAME, SPS_PASSWORD and SPS_CA_CERT (tools/demo.sh sets them).

terraform {
  required_providers {
    sps = {
      source = "terraform-sps/sps"
    }
  }
}

provider "sps" {}

variable "report_day" {
  type        = string
  description = "Last day of the report (YYYY-MM-DD). Fixed by the caller so a second plan reads the same window."
}

locals {
  month_start = formatdate("YYYY-MM-DD", timeadd("${var.report_day}T00:00:00Z", "-720h"))
  week_start  = formatdate("YYYY-MM-DD", timeadd("${var.report_day}T00:00:00Z", "-168h"))
  # Verdicts of sessions that never became a working connection.
  refused = "verdict:(DENY FAIL AUTH-FAIL GW-AUTH-FAIL KEY-ERROR USER-MAPPING-FAIL)"
}

# --- Configuration: VNC settings -------------------------------------------

# For connections to servers that handle sensitive data: TLS 1.2 only with a
# short cipher list, and idle users are disconnected after 15 minutes.
resource "sps_vnc_settings_policy" "strict" {
  name                     = "strict-vnc"
  timeout                  = 300
  preconnect_channel_check = true

  inactivity_timeout = {
    enabled = true
    value   = 900
  }

  client_tls_security_settings = {
    minimum_tls_version = "TLSv1_2"
    cipher_strength = {
      selection     = "custom"
      custom_cipher = "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384"
    }
  }

  server_tls_security_settings = {
    minimum_tls_version = "TLSv1_2"
    cipher_strength = {
      selection     = "custom"
      custom_cipher = "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384"
    }
  }
}

# For lab machines with old VNC servers: TLS 1.0 allowed on the server side,
# long timeout, no inactivity disconnect.
resource "sps_vnc_settings_policy" "permissive" {
  name    = "lab-vnc"
  timeout = 7200

  server_tls_security_settings = {
    minimum_tls_version = "TLSv1_0"
    cipher_strength = {
      selection = "recommended"
    }
  }
}

resource "sps_vnc_options" "this" {
  service = {
    enabled   = true
    log_level = 4
  }
  cleanup = {
    enabled = true
    days    = 365
  }
}

# Every VNC settings policy on the appliance, read back once the two above
# are committed: the built-in default and ours.
data "sps_vnc_settings_policies" "on_appliance" {
  depends_on = [sps_vnc_settings_policy.strict, sps_vnc_settings_policy.permissive]
}

# --- Compliance reporting: the audit session database ----------------------

# Refused sessions of the last 30 days, per protocol.
data "sps_audit_session_stats" "refused_by_protocol" {
  field = "protocol"
  query = local.refused
  start = local.month_start
  end   = var.report_day
}

# The five users with the most sessions in the last 30 days.
data "sps_audit_session_stats" "top_users" {
  field = "user.gateway_username"
  size  = 5
  start = local.month_start
  end   = var.report_day
}

# Sessions started per day over the last week.
data "sps_audit_session_histogram" "daily" {
  bin_size = "day"
  start    = local.week_start
  end      = var.report_day
}

# The five most recent refused sessions.
data "sps_audit_sessions" "recent_refused" {
  query       = local.refused
  start       = local.month_start
  end         = var.report_day
  sort        = ["-start_time"]
  max_results = 5
}

locals {
  # Each chart is a block of lines; indent them under their heading.
  charts = {
    refused = provider::sps::bar_chart(
      [for i in data.sps_audit_session_stats.refused_by_protocol.items : i.count],
      [for i in data.sps_audit_session_stats.refused_by_protocol.items : i.value],
      40,
    )
    users = provider::sps::bar_chart(
      [for i in data.sps_audit_session_stats.top_users.items : i.count],
      [for i in data.sps_audit_session_stats.top_users.items : i.value],
      40,
    )
    daily = provider::sps::bar_chart(
      [for b in data.sps_audit_session_histogram.daily.buckets : b.start_count],
      [for b in data.sps_audit_session_histogram.daily.buckets : substr(b.time, 0, 10)],
      40,
    )
  }
  refused_total = data.sps_audit_session_stats.refused_by_protocol.others + sum(concat([0], [
    for i in data.sps_audit_session_stats.refused_by_protocol.items : i.count
  ]))

  recent_refused = [
    for s in data.sps_audit_sessions.recent_refused.sessions :
    format("%s  %-7s %-18s %s from %s", formatdate("YYYY-MM-DD hh:mm 'UTC'", s.start_time), s.protocol, s.verdict,
    coalesce(s.user.name, "(no gateway user)"), coalesce(s.client.ip, "?"))
  ]

  on_appliance = [
    for p in data.sps_vnc_settings_policies.on_appliance.policies :
    format("%-11s idle timeout %5d s, servers need TLS %s or newer%s", p.name, p.timeout,
      replace(trimprefix(p.server_tls_security_settings.minimum_tls_version, "TLSv"), "_", "."),
      contains([sps_vnc_settings_policy.strict.id, sps_vnc_settings_policy.permissive.id], p.id) ? "  (managed here)" :
    startswith(p.id, "-") ? "  (built in)" : "")
  ]

  summary = <<-EOT
    VNC configuration on the appliance (read back with the sps_vnc_settings_policies data source)
      ${indent(2, join("\n", local.on_appliance))}
      VNC service ${sps_vnc_options.this.service.enabled ? "enabled" : "disabled"}; session metadata kept ${sps_vnc_options.this.cleanup.days} days

    Refused sessions by protocol, ${local.month_start} .. ${var.report_day} (${local.refused_total} in all)
      ${indent(2, chomp(local.charts.refused))}

    Top users by sessions, same period
      ${indent(2, chomp(local.charts.users))}

    Sessions started per day, ${local.week_start} .. ${var.report_day}
      ${indent(2, chomp(local.charts.daily))}

    Most recent refused sessions (${data.sps_audit_sessions.recent_refused.match_count} matched)
      ${indent(2, join("\n", local.recent_refused))}
  EOT
}

output "compliance_summary" {
  description = "A readable compliance summary of the last 30 days."
  value       = local.summary
}

output "refused_by_protocol" {
  description = "Refused sessions per protocol."
  value       = { for i in data.sps_audit_session_stats.refused_by_protocol.items : i.value => i.count }
}
