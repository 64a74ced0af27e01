<section id="timbre-documents" class="box">
  <h3>{$timbre.texts.buyerTitle|escape:'html':'UTF-8'}</h3>
  <ul>
  {foreach $timbre.documents as $d}
    <li class="timbre-document">{$d.title|escape:'html':'UTF-8'} ({$d.date|escape:'html':'UTF-8'}, {$d.total|escape:'html':'UTF-8'}):
      <a href="{$d.pdfUrl|escape:'html':'UTF-8'}" target="_blank" rel="noopener">{$timbre.texts.pdf|escape:'html':'UTF-8'}</a></li>
  {/foreach}
  </ul>
</section>
