const c = document.querySelector('#compteur');
document.querySelector('#plus').addEventListener('click', () => {
  c.textContent = c.textContent + 1;
});