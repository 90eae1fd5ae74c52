// Every page: signing out forgets this device's drafts (the server also sends
// Clear-Site-Data); drafts written before they were kept per user are dropped.
"use strict";
(function () {
  function forget(test) {
    try {
      for (const key of Object.keys(localStorage)) if (test(key)) localStorage.removeItem(key);
    } catch (err) { /* storage disabled: nothing kept, nothing to forget */ }
  }
  forget((key) => key.startsWith("tremplin-draft:"));
  const logout = document.getElementById("logout-form");
  if (logout) logout.addEventListener("submit", () => forget((key) => key.startsWith("tremplin:")));
})();
