# Compliance rules as Terraform check blocks. A plan reads the session
# database and reports every broken rule as a warning, without failing the
# run and without changing anything on the appliance:
#
#   terraform plan -var sps_url=https://sps.example.com -out=compliance.tfplan
#   terraform show -json compliance.tfplan | jq '.checks'
#
# See the "Compliance checks" guide for how a pipeline fails on a broken
# rule. Scoped data sources in check blocks need Terraform 1.5 or later.
# The user needs only search rights; the password comes from SPS_PASSWORD.

terraform {
  required_version = ">= 1.5"
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

variable "privileged_accounts" {
  type        = list(string)
  description = "Accounts whose refused logins must be looked at: matched against the gateway username and the server username."
  default     = ["root", "admin", "Administrator"]
}

variable "indexed_connection_policy" {
  type        = string
  description = "Key of a connection policy whose sessions must all be indexed (content search and alerts depend on it)."
  default     = "ssh_prod"
}

variable "reviewed_sessions" {
  type        = list(string)
  description = "Sessions whose alerts someone has reviewed, by the id SPS logs or its REST form: the team's review log."
  default     = []
}

variable "alert_scan_limit" {
  type        = number
  description = "How many sessions of the last 24 hours rule 2 reads the alerts of (each costs a few requests)."
  default     = 200
}

provider "sps" {
  url      = var.sps_url
  username = var.sps_username
}

locals {
  since = timeadd(plantimestamp(), "-24h")
  # Verdicts of sessions that never became a working connection.
  refused    = "verdict:(deny fail auth-fail gw-auth-fail key-error user-mapping-fail)"
  privileged = join(" ", [for a in var.privileged_accounts : provider::sps::query_quote(a)])
  reviewed   = toset([for id in var.reviewed_sessions : provider::sps::session_rest_id(id)])
}

# Rule 1: no refused session for a privileged account in the last 24 hours.
check "no_refused_privileged_sessions" {
  data "sps_audit_sessions" "refused_privileged" {
    query       = "${local.refused} AND (name:(${local.privileged}) OR server_username:(${local.privileged}))"
    start       = local.since
    sort        = ["-start_time"]
    max_results = 20
  }

  assert {
    condition = data.sps_audit_sessions.refused_privileged.match_count == 0
    error_message = format("%d refused sessions for privileged accounts in the last 24 hours: %s",
      data.sps_audit_sessions.refused_privileged.match_count,
      join(", ", [for s in data.sps_audit_sessions.refused_privileged.sessions :
      "${coalesce(s.start_time, "-")} ${coalesce(s.user.name, "-")}/${coalesce(s.user.server_username, "-")} from ${coalesce(s.client.ip, "-")} (${coalesce(s.verdict, "-")}, ${s.rest_id})"]),
    )
  }
}

# Rule 2: no session of the last 24 hours has alerts nobody reviewed.
# SPS has no search on alerts and data sources inside a check block cannot
# use for_each, so the sessions are listed and read here, outside the check:
# an error reading them fails the plan, a broken rule only warns.
data "sps_audit_sessions" "last_day" {
  start       = local.since
  sort        = ["-start_time"]
  max_results = var.alert_scan_limit
}

data "sps_audit_session" "unreviewed" {
  for_each = toset([for s in data.sps_audit_sessions.last_day.sessions : s.rest_id if !contains(local.reviewed, s.rest_id)])
  id       = each.key
}

check "no_unreviewed_alerts" {
  assert {
    condition = alltrue([for s in data.sps_audit_session.unreviewed : length(s.alerts) == 0])
    error_message = format("Sessions with alerts nobody reviewed (add them to reviewed_sessions once reviewed): %s",
      join(", ", [for id, s in data.sps_audit_session.unreviewed :
      "${id} (${coalesce(s.user.name, "-")}, ${length(s.alerts)} alerts: ${join("; ", distinct([for a in s.alerts : a.rule_name]))})" if length(s.alerts) > 0]),
    )
  }

  assert {
    condition     = !data.sps_audit_sessions.last_day.truncated
    error_message = "More than ${var.alert_scan_limit} sessions in the last 24 hours: only the newest were checked for alerts; raise alert_scan_limit."
  }
}

# Rule 3: every finished session of a connection policy is indexed, so its
# content can be searched. A session that ended less than an hour ago may
# still wait in the indexer's queue (NOT_INDEXED) and is not counted.
check "connection_policy_indexed" {
  data "sps_audit_sessions" "policy_sessions" {
    query       = "psm.connection_policy:${provider::sps::query_quote(var.indexed_connection_policy)} AND active:false"
    start       = local.since
    max_results = 10000
  }

  assert {
    condition = length([for s in data.sps_audit_sessions.policy_sessions.sessions : s
      if contains(["INDEXING_FAILED", "INDEXING_NOT_REQUIRED", "NO_TRAIL"], coalesce(s.index_status, "NO_TRAIL")) ||
      (s.index_status == "NOT_INDEXED" && timecmp(coalesce(s.end_time, plantimestamp()), timeadd(plantimestamp(), "-1h")) < 0)
    ]) == 0
    error_message = format("Sessions of connection policy %s that were not indexed: %s", var.indexed_connection_policy,
      join(", ", [for s in data.sps_audit_sessions.policy_sessions.sessions : "${s.rest_id} (${coalesce(s.index_status, "no status")})"
        if contains(["INDEXING_FAILED", "INDEXING_NOT_REQUIRED", "NO_TRAIL"], coalesce(s.index_status, "NO_TRAIL")) ||
      (s.index_status == "NOT_INDEXED" && timecmp(coalesce(s.end_time, plantimestamp()), timeadd(plantimestamp(), "-1h")) < 0)]),
    )
  }
}
