using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using FundManager.Domain;
using FundManager.Domain.Access;
using FundManager.Domain.Funds;

namespace FundManager.Dashboards.Api;

/// <summary>
/// One check of every request, before any grain is asked: each string it carries (in the path, the
/// query or anywhere in the body) obeys the <see cref="TextRule"/> its field's name gives it, fund ids
/// and user names are ones the domain could hold, and a request record that implements
/// <see cref="IValidatedRequest"/> passes its own check. A refusal is a 400 problem whose
/// <c>errors</c> name each field that is wrong.
/// </summary>
public static class RequestValidation
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    /// <summary>Checks the arguments of every endpoint of the group it is added to.</summary>
    public static TBuilder ValidateRequests<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var checkedArguments = factory.MethodInfo.GetParameters()
                .Select((p, index) => (Index: index, Name: JsonNamingPolicy.CamelCase.ConvertName(p.Name ?? $"arg{index}"), p.ParameterType))
                .Where(p => p.ParameterType == typeof(string) || IsRequest(p.ParameterType))
                .ToArray();
            if (checkedArguments.Length == 0)
            {
                return next;
            }
            return async invocation =>
            {
                var errors = new Failures();
                foreach (var (index, name, type) in checkedArguments)
                {
                    // A body's fields are named as the caller wrote them, a path or query value by its own name.
                    Check(invocation.Arguments[index], IsRequest(type) ? string.Empty : name, name, errors);
                }
                return errors.IsEmpty ? await next(invocation) : errors.ToResult();
            };
        });

    /// <summary>The same checks for a value read some other way (a form): null when it is fine, else what is wrong.</summary>
    public static string? Problem(string field, string? value)
    {
        var errors = new Failures();
        Check(value, field, field, errors);
        return errors.IsEmpty ? null : errors.Detail;
    }

    private static bool IsRequest(Type type) => type.Namespace == typeof(RequestValidation).Namespace && type.Name.EndsWith("Request", StringComparison.Ordinal);

    private static void Check(object? value, string path, string name, Failures errors)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                if (TextRule.For(name).Problem(text) is { } problem)
                {
                    errors.Add(path, "invalid-text", problem);
                    return;
                }
                CheckDomainRule(text, path, name, errors);
                return;
            case IEnumerable items when value.GetType() != typeof(string):
                var i = 0;
                foreach (var item in items)
                {
                    // A list's items are named after the list: every disaggregation is a disaggregation.
                    Check(item, $"{path}[{i++}]", name, errors);
                }
                return;
            default:
                if (!IsRequest(value.GetType()))
                {
                    return;
                }
                foreach (var property in Properties.GetOrAdd(value.GetType(), t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray()))
                {
                    var field = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                    Check(property.GetValue(value), Join(path, field), field, errors);
                }
                if (errors.IsEmpty && value is IValidatedRequest validated)
                {
                    foreach (var rule in validated.Rules())
                    {
                        try
                        {
                            rule.Check();
                        }
                        catch (RuleViolationException refused)
                        {
                            errors.Add(Join(path, rule.Field), refused.Code, refused.Message);
                        }
                    }
                }
                return;
        }
    }

    private static string Join(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";

    // The domain says what a fund id and a user name may be; wherever they arrive, the same rule holds.
    private static void CheckDomainRule(string text, string path, string name, Failures errors)
    {
        try
        {
            if (name == "fundId")
            {
                Fund.RequireValidId(text);
            }
            else if (name == "userName")
            {
                UserNames.RequireValid(UserNames.Normalize(text));
            }
        }
        catch (RuleViolationException refused)
        {
            errors.Add(path, refused.Code, refused.Message);
        }
    }

    private sealed class Failures
    {
        private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
        private string? _code;

        public bool IsEmpty => _errors.Count == 0;

        public string Detail => string.Join(" ", _errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));

        public void Add(string path, string code, string message)
        {
            _code ??= code;
            if (!_errors.TryGetValue(path, out var messages))
            {
                _errors[path] = messages = [];
            }
            messages.Add(message);
        }

        public IResult ToResult()
        {
            var problem = new HttpValidationProblemDetails(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is not valid",
                Detail = Detail,
                Type = $"urn:fundmanager:problem:{_code}",
            };
            problem.Extensions["code"] = _code;
            return TypedResults.Problem(problem);
        }
    }
}
