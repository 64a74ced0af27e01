<?php
declare(strict_types=1);

namespace Timbre\Chile\Api;

/**
 * What Timbre's hub writes back on an order: each tax document it issued, with the SII's state and
 * the PDF link, shown on the admin order view and on the customer's order page.
 * @api
 */
interface DocumentsInterface
{
    /**
     * Records (or updates) one document of an order.
     *
     * @param string $incrementId The order number the merchant sees.
     * @param string $documentKey The hub's id of the document.
     * @param string $label e.g. "Boleta electrónica N° 12".
     * @param string $state What the SII said, in Spanish.
     * @param string|null $pdfUrl Signed link to the PDF.
     * @return bool
     */
    public function save(string $incrementId, string $documentKey, string $label, string $state, ?string $pdfUrl = null): bool;

    /**
     * The order's documents as the order pages show them ("Boleta electrónica N° 12 — Aceptado por el SII").
     *
     * @param string $incrementId The order number the merchant sees.
     * @return string[]
     */
    public function listForOrder(string $incrementId): array;

    /**
     * The module's version: the hub checks it is installed.
     *
     * @return string
     */
    public function version(): string;
}
