// Sortable, filterable tables without a library. The sorted column is kept in the address (#sort=table:column:dir)
// so a sorted view can be shared, and the page marks each table it has wired with data-sortable="ready".
(() => {
  const key = (row, col) => { const c = row.cells[col]; return c ? (c.dataset.sort ?? c.textContent.trim()) : ""; };
  const number = /^-?\d+(\.\d+)?$/;
  const compare = (a, b) => {
    if (a === "" || b === "") return (a === "") - (b === "");  // blanks last either way
    return number.test(a) && number.test(b) ? a - b : a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  };
  const sort = (table, col, dir) => {
    const body = table.tBodies[0];
    const rows = [...body.rows].sort((x, y) => {
      const a = key(x, col), b = key(y, col);
      return a === "" || b === "" ? compare(a, b) : (dir === "descending" ? -1 : 1) * compare(a, b);
    });
    body.append(...rows);
    [...table.tHead.rows[0].cells].forEach((th, i) => i === col ? th.setAttribute("aria-sort", dir) : th.removeAttribute("aria-sort"));
    table.dataset.sortedBy = `${col}:${dir}`;
  };
  const filter = (input, table) => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const row of table.tBodies[0].rows) {
      row.hidden = !words.every(w => row.textContent.toLowerCase().includes(w));
      shown += !row.hidden;
    }
    const count = document.getElementById(`${table.id}-shown`);
    if (count) count.textContent = `${shown} of ${table.tBodies[0].rows.length} shown`;
  };
  document.querySelectorAll("table.sortable").forEach(table => {
    [...table.tHead.rows[0].cells].forEach((th, col) => {
      const button = document.createElement("button");
      button.type = "button";
      button.append(...th.childNodes);
      th.append(button);
      button.addEventListener("click", () => {
        const dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        sort(table, col, dir);
        history.replaceState(null, "", `#sort=${table.id}:${col}:${dir}`);
      });
    });
    const input = document.querySelector(`input[data-filter="${table.id}"]`);
    if (input) input.addEventListener("input", () => filter(input, table));
    table.dataset.sortable = "ready";
  });
  const wanted = /^#sort=([\w-]+):(\d+):(ascending|descending)$/.exec(location.hash);
  const table = wanted && document.getElementById(wanted[1]);
  if (table && table.classList.contains("sortable")) sort(table, Number(wanted[2]), wanted[3]);
})();
