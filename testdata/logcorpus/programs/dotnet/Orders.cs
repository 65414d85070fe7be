// An order importer for the log corpus that fails in known ways; each
// failure is caught and printed with Console.Error.WriteLine(ex) (the
// exception's ToString: header, "  at ..." frames, inner exceptions), and
// the last one is left unhandled and ends the process.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Shop.Import
{
    class Customer
    {
        public string Email;
    }

    static class Orders
    {
        static readonly Dictionary<string, decimal> Rates = new Dictionary<string, decimal> { { "EUR", 1.0m }, { "USD", 0.92m } };

        static int EmailDomainLength(Customer c)
        {
            return c.Email.Length;
        }

        static int ParseQuantity(string raw)
        {
            return int.Parse(raw);
        }

        static int LoadLine(int id, string raw)
        {
            try
            {
                return ParseQuantity(raw);
            }
            catch (FormatException ex)
            {
                throw new InvalidOperationException("order " + id + ": bad quantity", ex);
            }
        }

        static decimal Rate(string currency)
        {
            return Rates[currency];
        }

        static decimal ConvertAsync(int id, string currency)
        {
            Task<decimal> t = Task.Run(() => Rate(currency) * id);
            t.Wait();
            return t.Result;
        }

        static void Shard(int[] shards, int n)
        {
            Console.WriteLine("shard " + shards[n]);
        }

        static void Main(string[] args)
        {
            // id, what happens: the order of the failures is fixed.
            string[] plan = { "null", "qty", "ok", "rate", "qty", "null", "ok", "qty", "rate", "null", "qty" };
            int id = 1040;
            foreach (string what in plan)
            {
                id += 7;
                try
                {
                    switch (what)
                    {
                        case "null":
                            EmailDomainLength(new Customer());
                            break;
                        case "qty":
                            LoadLine(id, "x" + id);
                            break;
                        case "rate":
                            ConvertAsync(id, "GBP");
                            break;
                        default:
                            Console.WriteLine("order " + id + " imported");
                            break;
                    }
                }
                catch (Exception ex)
                {
                    Console.Error.WriteLine(ex);
                }
            }
            Shard(new int[] { 1, 2 }, 2);
        }
    }
}
