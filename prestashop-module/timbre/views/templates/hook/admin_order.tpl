<div class="card mt-2" id="timbre-order-documents">
  <div class="card-header"><h3 class="card-header-title">{$timbre.texts.title|escape:'html':'UTF-8'}</h3></div>
  <div class="card-body">
    {if !$timbre_configured}
      <p class="text-muted">{$timbre.texts.notConfigured|escape:'html':'UTF-8'}</p>
    {elseif !$timbre.known}
      <p class="text-muted">{$timbre.texts.unknown|escape:'html':'UTF-8'}</p>
    {elseif !$timbre.documents}
      <p>{$timbre.texts.none|escape:'html':'UTF-8'}</p>
    {/if}
    {if $timbre.pending}
      <p><strong>{$timbre.texts.pending|escape:'html':'UTF-8'}</strong></p>
      <ul>{foreach $timbre.pending as $reason}<li>{$reason|escape:'html':'UTF-8'}</li>{/foreach}</ul>
    {/if}
    {if $timbre.documents}
      <table class="table">
        <tbody>
        {foreach $timbre.documents as $d}
          <tr class="timbre-document">
            <td>{$d.title|escape:'html':'UTF-8'}</td>
            <td>{$d.date|escape:'html':'UTF-8'}</td>
            <td>{$d.total|escape:'html':'UTF-8'}</td>
            <td>{$d.state|escape:'html':'UTF-8'}</td>
            <td><a href="{$d.pdfUrl|escape:'html':'UTF-8'}" target="_blank" rel="noopener">{$timbre.texts.pdf|escape:'html':'UTF-8'}</a>
              {if $d.xmlUrl} · <a href="{$d.xmlUrl|escape:'html':'UTF-8'}" target="_blank" rel="noopener">{$timbre.texts.xml|escape:'html':'UTF-8'}</a>{/if}</td>
          </tr>
        {/foreach}
        </tbody>
      </table>
    {/if}
  </div>
</div>
