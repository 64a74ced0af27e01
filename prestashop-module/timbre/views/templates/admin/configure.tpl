{if !$timbre_configured}
  <div class="alert alert-info">{$timbre_texts.notConfigured|escape:'html':'UTF-8'}</div>
{/if}
{$timbre_form nofilter}
<div class="panel" id="timbre-queue">
  <div class="panel-heading">{$timbre_texts.queue|escape:'html':'UTF-8'}</div>
  <p>{$timbre_texts.pending|escape:'html':'UTF-8'}: <strong>{$timbre_stats.pending|intval}</strong>
    · {$timbre_texts.failing|escape:'html':'UTF-8'}: <strong>{$timbre_stats.failing|intval}</strong>
    · {$timbre_texts.lastSent|escape:'html':'UTF-8'}: {if $timbre_stats.last_sent_at}{$timbre_stats.last_sent_at|date_format:'%d-%m-%Y %H:%M'}{else}{$timbre_texts.never|escape:'html':'UTF-8'}{/if}</p>
  {if $timbre_stats.last_error}
    <div class="alert alert-warning">{$timbre_texts.lastError|escape:'html':'UTF-8'}: {$timbre_stats.last_error|escape:'html':'UTF-8'}</div>
  {/if}
  <form method="post" action="{$timbre_flush_url|escape:'html':'UTF-8'}">
    <button type="submit" name="submitTimbreFlush" class="btn btn-default">{$timbre_texts.flush|escape:'html':'UTF-8'}</button>
  </form>
  <p class="help-block">{$timbre_texts.cron|escape:'html':'UTF-8'}: <code>{$timbre_cron_url|escape:'html':'UTF-8'}</code></p>
</div>
<div class="panel">
  <div id="timbre-admin"></div>
  {if $timbre_bundle}
    {if $timbre_bundle_css}<link rel="stylesheet" href="{$timbre_bundle_css|escape:'html':'UTF-8'}">{/if}
    <script>window.timbreAdminHost = {$timbre_host_json nofilter};</script>
    <script src="{$timbre_bundle|escape:'html':'UTF-8'}"></script>
  {else}
    <p class="text-muted">{$timbre_texts.bundleMissing|escape:'html':'UTF-8'}</p>
  {/if}
</div>
