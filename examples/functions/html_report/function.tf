# A complete page from fragments of the other functions; write it with
#   terraform output -raw report_html > report.html
data "sps_audit_session_histogram" "daily" {
  bin_size = "day"
  start    = "2024-05-01"
  end      = "2024-05-07"
}

output "report_html" {
  value = provider::sps::html_report(
    "Weekly session report",
    {
      period    = "2024-05-01 .. 2024-05-07"
      appliance = "sps.example.com"
      generated = plantimestamp()
    },
    [
      provider::sps::svg_histogram("Sessions per day", data.sps_audit_session_histogram.daily.buckets),
      "<p class=\"note\">${provider::sps::html_escape("Times are UTC.")}</p>",
    ],
  )
}
