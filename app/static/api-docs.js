// Crochets: start Swagger UI on the API description (an inline script would break the Content-Security-Policy).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var holder = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: holder.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    deepLinking: true,
  });
});
