// Charts of the KPI page drawn with the vendored ECharts; without script the tables stay.
(function () {
  "use strict";
  function draw() {
    var node = document.getElementById("analytics-chart-data");
    if (!node || !window.echarts) { return; }
    var data = JSON.parse(node.textContent);
    document.body.classList.add("js-charts");
    var stages = window.echarts.init(document.getElementById("chart-stages"));
    stages.setOption({
      grid: { left: 130, right: 20, top: 10, bottom: 30 },
      tooltip: {},
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: data.stages, inverse: true },
      series: [{ type: "bar", data: data.stage_counts, itemStyle: { color: "#4a80bb" } }]
    });
    var regions = window.echarts.init(document.getElementById("chart-regions"));
    regions.setOption({
      grid: { left: 170, right: 20, top: 10, bottom: 30 },
      tooltip: {},
      xAxis: { type: "value" },
      yAxis: { type: "category", data: data.regions, inverse: true },
      series: [{ type: "bar", name: data.kpi, data: data.region_values, itemStyle: { color: "#1f5a99" } }]
    });
    window.addEventListener("resize", function () { stages.resize(); regions.resize(); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
