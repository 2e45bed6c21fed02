output "chart" {
  value = provider::sps::bar_chart([12, 6, 0], ["ssh", "rdp", "vnc"], 20)
  # ssh | ████████████████████ 12
  # rdp | ██████████           6
  # vnc |                      0
}
