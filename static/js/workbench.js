/* The advocates' and reviewers' forms, made quicker to use. Everything works without
   this script: the language field takes names separated by ";" and the hours rows are
   plain inputs. Loaded by each widget that needs it, so it runs once whatever the count. */
(function () {
  "use strict";
  if (window.directoryWorkbench) { return; }
  window.directoryWorkbench = true;

  // Languages: a <datalist> completes the whole value, so after "English; " it would
  // offer nothing. Each option is rewritten to the text before the last ";" plus a
  // name, so that the language being typed is the one completed.
  function languagePicker(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) { return; }
    var names = Array.prototype.map.call(list.options, function (option) { return option.value; });
    var refresh = function () {
      var value = input.value;
      var cut = value.lastIndexOf(";");
      var before = cut >= 0 ? value.slice(0, cut + 1).replace(/\s*$/, " ") : "";
      list.textContent = "";
      names.forEach(function (name) {
        var option = document.createElement("option");
        option.value = before + name;
        list.appendChild(option);
      });
    };
    input.addEventListener("input", refresh);
    refresh();
  }

  // Hours: a day not ticked open has its times greyed out (and not sent), and ticking
  // 24/7 does the same for every day.
  function hoursEditor(editor) {
    var always = editor.querySelector("input[name$='_always']");
    var rows = editor.querySelectorAll("tr[data-day]");
    var update = function () {
      Array.prototype.forEach.call(rows, function (row) {
        var open = row.querySelector("input[type=checkbox]");
        var times = row.querySelectorAll("input[type=time]");
        open.disabled = always.checked;
        Array.prototype.forEach.call(times, function (time) {
          time.disabled = always.checked || !open.checked;
        });
      });
    };
    editor.addEventListener("change", update);
    update();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-language-picker]"), languagePicker);
    Array.prototype.forEach.call(document.querySelectorAll("[data-hours-editor]"), hoursEditor);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
