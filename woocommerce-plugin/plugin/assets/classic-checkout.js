/* Classic checkout: factura fields only for factura, the comuna select only for Chile. */
(function ($) {
  function toggle() {
    var factura = $("#timbre_document_type").val() === "factura";
    $(".timbre-factura-field").toggle(factura);
    var chile = ($("#billing_country").val() || "CL") === "CL";
    $(".timbre-comuna-field").toggle(chile);
  }
  $(document.body).on("change", "#timbre_document_type, #billing_country", toggle);
  $(document.body).on("updated_checkout", toggle);
  $(toggle);
})(jQuery);
