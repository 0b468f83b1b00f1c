// Drag a deal card onto another column of the board: posts the same move form the buttons post
// (stage, reason when moving back or losing), and puts the board the server answers in place —
// with the refusal, naming what is missing, when the move is not allowed. Without JS the
// buttons on the cards do the same.
(function () {
  "use strict";
  function csrf() {
    var field = document.querySelector("#board input[name=csrfmiddlewaretoken]");
    if (field) return field.value;
    var m = document.cookie.match(/csrftoken=([^;]+)/);
    return m ? m[1] : "";
  }
  function post(card, stage) {
    var board = document.getElementById("board");
    var pipeline = (board.dataset.pipeline || "").split(",");
    var from = pipeline.indexOf(card.dataset.stage), to = pipeline.indexOf(stage);
    var reason = "";
    if (stage === "lost" || card.dataset.stage === "lost" || to < from) {
      reason = window.prompt(board.dataset.reasonPrompt || "") || "";
    }
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrf());
    body.append("stage", stage);
    body.append("reason", reason);
    body.append("board", "1");
    fetch(card.dataset.move, {method: "POST", body: body, credentials: "same-origin",
                              headers: {"HX-Request": "true", "X-CSRFToken": csrf()}})
      .then(function (r) { return r.text(); })
      .then(function (html) {
        board.outerHTML = html;
        var fresh = document.getElementById("board");
        if (window.htmx) window.htmx.process(fresh);
      });
  }
  document.addEventListener("dragstart", function (e) {
    var card = e.target.closest && e.target.closest(".board-card");
    if (!card) return;
    e.dataTransfer.setData("text/plain", card.dataset.deal);
    e.dataTransfer.effectAllowed = "move";
  });
  document.addEventListener("dragover", function (e) {
    var col = e.target.closest && e.target.closest(".board-column");
    if (col) { e.preventDefault(); col.classList.add("drop-target"); }
  });
  document.addEventListener("dragleave", function (e) {
    var col = e.target.closest && e.target.closest(".board-column");
    if (col) col.classList.remove("drop-target");
  });
  document.addEventListener("drop", function (e) {
    var col = e.target.closest && e.target.closest(".board-column");
    if (!col) return;
    e.preventDefault();
    col.classList.remove("drop-target");
    var card = document.querySelector('.board-card[data-deal="' + e.dataTransfer.getData("text/plain") + '"]');
    if (card && card.dataset.stage !== col.dataset.stage) post(card, col.dataset.stage);
  });
}());
