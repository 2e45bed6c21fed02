# Refused sessions per protocol, one bar each.
data "sps_audit_session_stats" "refused" {
  field = "protocol"
  query = "verdict:(deny fail auth-fail gw-auth-fail key-error user-mapping-fail)"
  start = "2024-05-01"
  end   = "2024-05-07"
}

output "refused_chart" {
  value = provider::sps::svg_bar_chart(
    "Refused sessions per protocol",
    "protocol", # the heading of the labels
    "sessions", # what a bar's length counts: the value axis's title
    [for i in data.sps_audit_session_stats.refused.items : { label = i.value, value = i.count }],
  )
}
