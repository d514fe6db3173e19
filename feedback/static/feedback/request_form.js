/* Complaint form: the service list shows only the chosen department's services, and picking a
   service first fills in its department. Without this script every service stays listed and
   the server still refuses a service of another department. */
(function () {
  "use strict";
  var department = document.getElementById("id_department");
  var service = document.getElementById("id_service");
  if (!department || !service) return;

  function follow() {
    var code = department.value;
    Array.prototype.forEach.call(service.options, function (option) {
      if (!option.value) return;
      var belongs = !code || option.dataset.department === code;
      option.hidden = !belongs;
      option.disabled = !belongs;
    });
    var chosen = service.options[service.selectedIndex];
    if (chosen && chosen.disabled) service.value = "";
  }

  department.addEventListener("change", follow);
  service.addEventListener("change", function () {
    var chosen = service.options[service.selectedIndex];
    if (chosen && chosen.value && !department.value) {
      department.value = chosen.dataset.department;
      follow();
    }
  });
  follow();
})();
