function presentation(prenom, age) {
  return `Je m'appelle ${prenom} et j'ai ${age} ans.`;
}
