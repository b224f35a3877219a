// Small enhancements only: every page works the same without this file.
(() => {
  

  function checkedValue (form, name) {
    var el = form.querySelector(`input[name="${name}"]:checked`)
    return el ? el.value : ''
  }

  // Questions with data-show-when ("all:q01=no,q02=no") are hidden while they do not apply.
  function applyConditions (form) {
    form.querySelectorAll('[data-show-when]').forEach((el) => {
      var spec = el.getAttribute('data-show-when').split(':')
      var mode = spec[0]
      var clauses = spec[1].split(',').map((c) => c.split('='))
      var results = clauses.map((c) => {
        var radios = form.querySelectorAll(`input[name="${c[0]}"]`)
        if (radios.length === 0) return true
        return checkedValue(form, c[0]) === c[1]
      })
      var show = mode === 'all' ? results.every(Boolean) : results.some(Boolean)
      el.hidden = !show
    })
  }

  document.addEventListener('DOMContentLoaded', () => {
    var focusTarget = document.querySelector('[data-focus-on-load]')
    if (focusTarget) focusTarget.focus()
    announceStatus()

    document.querySelectorAll('form').forEach((form) => {
      if (!form.querySelector('[data-show-when]')) return
      applyConditions(form)
      form.addEventListener('change', () => { applyConditions(form) })
    })

    // "Annat, nämligen": the text field shows while "Annat" is ticked, holds text or has an error; without this
    // script it always shows.
    document.querySelectorAll('.other-text').forEach((wrap) => {
      var input = wrap.querySelector('input')
      var box = input && document.getElementById(input.id.replace(/-other-text$/, '-other'))
      if (!box) return
      var sync = () => { wrap.hidden = !box.checked && input.value.trim() === '' && !wrap.querySelector('.field-error') }
      sync()
      box.addEventListener('change', sync)
    })

    // Typing in "Annat, nämligen" ticks the "Annat" box.
    document.querySelectorAll('.other-text input').forEach((input) => {
      input.addEventListener('input', () => {
        var box = document.getElementById(input.id.replace(/-other-text$/, '-other'))
        if (box && input.value.trim() !== '') box.checked = true
      })
    })

    addRowsInPlace()
    focusFieldInAddress()

    // Links in the error summary move focus to the field itself.
    document.querySelectorAll('.error-summary a[href^="#"]').forEach((a) => {
      a.addEventListener('click', (ev) => {
        var target = document.getElementById(a.getAttribute('href').slice(1))
        if (!target) return
        ev.preventDefault()
        var input = target.matches('input, select, textarea') ? target : target.querySelector('input, select, textarea')
        ;(input || target).focus()
        target.scrollIntoView({ block: 'center' })
      })
    })
  })

  // "Lägg till": a new empty row opens in place from its question's template, and its first field takes focus; the
  // row is saved with the page. Without this script the button saves the page and opens the new row on a new one.
  function addRowsInPlace () {
    document.querySelectorAll('[data-add-row]').forEach((button) => {
      var q = button.getAttribute('data-add-row')
      var list = document.querySelector(`ol[data-rows="${q}"]`)
      var template = document.getElementById(`${q}-new-row`)
      if (!list || !template) return
      var max = Number(list.getAttribute('data-max'))
      button.addEventListener('click', (ev) => {
        var count = list.children.length
        if (count >= max) return
        ev.preventDefault()
        list.insertAdjacentHTML('beforeend', template.innerHTML.replaceAll('__NR__', String(count + 1)).replaceAll('__N__', String(count)))
        var first = list.lastElementChild.querySelector('input:not([type=hidden]), select')
        if (first) first.focus()
        if (count + 1 >= max) button.hidden = true
      })
    })
  }

  // A page reached at a field (a row opened with "Ändra" or "Lägg till" without script) puts focus in it, unless
  // an error summary or a notice asks for it first.
  function focusFieldInAddress () {
    if (document.querySelector('[data-focus-on-load]') || location.hash.length < 2) return
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)))
    if (target?.matches('input, select, textarea')) target.focus()
  }

  // A table region is a tab stop only while it scrolls sideways (keyboard users can then scroll it); without this
  // script every table region stays a tab stop.
  // While it scrolls it also carries a written cue above it (the shadow on its edge is the cue without script).
  function tableRegions () {
    document.querySelectorAll('.table-wrap').forEach((el) => {
      var scrolls = el.scrollWidth > el.clientWidth + 1
      if (scrolls) el.setAttribute('tabindex', '0')
      else el.removeAttribute('tabindex')
      el.classList.toggle('scrolls', scrolls)
      var cue = el.previousElementSibling
      var hasCue = cue?.classList.contains('scroll-cue') === true
      if (scrolls && !hasCue) {
        cue = document.createElement('p')
        cue.className = 'scroll-cue'
        cue.setAttribute('aria-hidden', 'true')
        cue.textContent = 'Tabellen är bredare än rutan: rulla i sidled för att se alla kolumner.'
        el.parentNode.insertBefore(cue, el)
      } else if (!scrolls && hasCue) cue.remove()
    })
  }

  // A success notice that came with the page after a save ("Svaren är sparade") takes focus, so that screen readers
  // read it out (a role=status region filled at load is never announced); an error summary goes first.
  function announceStatus () {
    if (document.querySelector('[data-focus-on-load]')) return
    var notice = document.querySelector('.notice.success[role=status]')
    if (!notice) return
    notice.setAttribute('tabindex', '-1')
    notice.focus({ preventScroll: true })
  }
  tableRegions()
  window.addEventListener('resize', tableRegions)
})()
